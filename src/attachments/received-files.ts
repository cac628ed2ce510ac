import type { PreparedFile } from './attachments.service';

/**
 * The files a form brought, received and checked by content by the route's @Uploads
 * interceptor, still in the temporary folder. The service hands them to
 * AttachmentsService.withFiles, which takes them (puts them in place, then the rows
 * commit); if the form is refused before that, the interceptor keeps them for the form
 * (staged); whatever is left in the temporary folder is removed after the request.
 */
export class ReceivedFiles {
  private taken = false;

  constructor(readonly files: readonly PreparedFile[]) {}

  static none(): ReceivedFiles {
    return new ReceivedFiles([]);
  }

  get count(): number {
    return this.files.length;
  }

  /** Still in the temporary folder (not placed, not kept). */
  get pending(): boolean {
    return !this.taken && this.files.length > 0;
  }

  /** Takes the files out of the request's hands (once): they are placed or kept from here on. */
  take(): PreparedFile[] {
    if (this.taken) throw new Error('the files of this form were already placed or kept');
    this.taken = true;
    return [...this.files];
  }
}
