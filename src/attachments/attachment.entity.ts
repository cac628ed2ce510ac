import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AttachmentVisibility = 'public' | 'internal';

export const VISIBILITY_LABELS: Record<AttachmentVisibility, string> = {
  public: 'Công khai',
  internal: 'Nội bộ',
};

/**
 * A stored file. `ownerType`/`ownerId` say what it belongs to (an initiative, later an
 * adoption report); a file uploaded with a form that was refused is kept with no owner
 * ("staged") until the form is sent again, removed 12 hours after upload if it never is
 * (see staged-cap.ts), or sooner when its uploader's newer staged files need the room.
 */
@Entity('attachments')
export class Attachment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 30 })
  ownerType: string;

  @Column({ type: 'integer', nullable: true })
  ownerId: number | null;

  @Column({ type: 'varchar', length: 255 })
  originalName: string;

  /** Random name under UPLOAD_DIR; never derived from the original name. */
  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  /** Sniffed from the content, not taken from the browser. */
  @Column({ type: 'varchar', length: 120 })
  mediaType: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 10, default: 'internal' })
  visibility: AttachmentVisibility;

  @Column({ type: 'integer' })
  uploadedById: number;

  @CreateDateColumn()
  createdAt: Date;

  constructor(init?: Partial<Attachment>) {
    Object.assign(this, init);
  }
}
