import { constants, deflateRawSync } from 'node:zlib';

// A tiny zip writer for tests, so that each test states exactly what the headers claim
// (and can make a zip bomb of any size without building it).
export interface Part {
  name: string;
  /** The bytes as stored (already deflated for method 8). */
  data: Buffer;
  /** The inflated size the headers declare. */
  size: number;
  method?: number;
  flags?: number;
}

export function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.flags ?? 0, 6);
    local.writeUInt16LE(p.method ?? 8, 8);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(p.flags ?? 0, 8);
    central.writeUInt16LE(p.method ?? 8, 10);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(p.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    centrals.push(central, name);
    offset += local.length + name.length + p.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const deflated = (name: string, content: Buffer | string): Part => {
  const bytes = Buffer.from(content);
  return { name, data: deflateRawSync(bytes), size: bytes.length };
};

export const MB = 1024 * 1024;
// 1 MB of zeros as a non-final, byte-aligned deflate segment: repeated, then closed by an
// empty final stored block, it makes a deflate stream of any size without building it.
const ZEROS_MB = deflateRawSync(Buffer.alloc(MB), { finishFlush: constants.Z_SYNC_FLUSH });
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
export const zeros = (mb: number) => Buffer.concat([...Array<Buffer>(mb).fill(ZEROS_MB), FINAL_BLOCK]);

