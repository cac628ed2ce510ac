// Content-Disposition for downloads, keeping Vietnamese file names (RFC 6266 / 5987).

/** ASCII stand-in for old clients: diacritics dropped, unsafe characters replaced. */
export function asciiFilename(name: string): string {
  const folded = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  return folded.replace(/[^A-Za-z0-9._ -]/g, '_') || 'tep';
}

export function contentDisposition(name: string): string {
  return `attachment; filename="${asciiFilename(name)}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
