import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A photo-sized JPEG carrying EXIF with a copyright and a GPS position, as a phone would write. */
export function jpegWithGps(background = '#8a3b2e'): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 1350, channels: 3, background } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Someone', Make: 'PhoneCo' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '4/1 35/1 0/1' },
    })
    .toBuffer();
}

/** A small PNG of one colour. */
export function pngOf(background: string, width = 300, height = 450): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types: greyscale, and RGB with alpha. */
const CHANNELS = { grey: { type: 0, channels: 1 }, rgba: { type: 6, channels: 4 } } as const;

export interface PngShape {
  width: number;
  height: number;
  bitDepth?: 8 | 16;
  colour?: keyof typeof CHANNELS;
}

function pngOfRows(shape: PngShape, dataBytes: (rowBytes: number) => number): Buffer {
  const { width, height, bitDepth = 8, colour = 'grey' } = shape;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(bitDepth, 8);
  header.writeUInt8(CHANNELS[colour].type, 9);
  const rowBytes = 1 + (width * CHANNELS[colour].channels * bitDepth) / 8;
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(dataBytes(rowBytes)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A decompression bomb: a valid PNG of a few hundred bytes whose header declares `width` × `height`
 * pixels (greyscale unless told; the rows are zeros that deflate to almost nothing). Only the first
 * megabyte of rows is there: a decoder that honours the header would still allocate the whole image.
 */
export function pngBomb(width: number, height: number, shape: Partial<PngShape> = {}): Buffer {
  return pngOfRows({ ...shape, width, height }, (rowBytes) =>
    Math.min(rowBytes * Math.min(height, 4), 1024 * 1024),
  );
}

/** A complete black PNG of that shape: every row there, a picture any decoder renders. */
export function completePng(shape: PngShape): Buffer {
  return pngOfRows(shape, (rowBytes) => rowBytes * shape.height);
}
