import { createHash } from 'node:crypto';
import type Sharp from 'sharp';
import { AppError } from '../errors/app-error';

/** The largest upload accepted, in bytes. */
export const MAX_COVER_BYTES = 5 * 1024 * 1024;

/** The media types a cover may be sent as; the bytes must then really be one of these formats. */
export const COVER_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
const COVER_FORMATS = new Set(['jpeg', 'png', 'webp']);

/**
 * Decoding allocates width × height pixels whatever the file's size: a few kilobytes of PNG can
 * declare a gigapixel (a decompression bomb). 40 megapixels is far beyond any scanned cover and
 * bounds one decode to about 160 MB.
 */
const MAX_COVER_PIXELS = 40_000_000;

/**
 * The area cap alone lets a 39,000,000 × 1 picture through: libvips then sizes its buffers and
 * filter kernels by the long side, and one such PNG took an origin to 9.7 GB. No cover is 10,000
 * pixels on a side (a 600 dpi scan of an A3 page is 7,000 × 9,900).
 */
const MAX_COVER_SIDE = 10_000;

/**
 * A render past this is a picture built to be slow (the caps above bound honest ones to a second
 * or two); libvips stops it rather than hold a render slot and a core for ever.
 */
const RENDER_DEADLINE_SECONDS = 15;

/** The two sizes the storefront shows: the book page and the lists. Height bounds odd shapes. */
const SIZES = { large: { width: 600, height: 900 }, thumbnail: { width: 200, height: 300 } };

export interface CoverRendition {
  /** The hex SHA-256 of `bytes`: the same picture always gets the same key. */
  key: string;
  bytes: Buffer;
}

export interface CoverRenditions {
  large: CoverRendition;
  thumbnail: CoverRendition;
}

const notAnImage = () =>
  new AppError(
    'unsupported-image',
    415,
    'The file is not a JPEG, PNG or WebP image. Choose a photo or scan of the cover.',
  );

const tooManyPixels = () =>
  new AppError(
    'image-too-large',
    400,
    `The image has too many pixels (at most ${MAX_COVER_SIDE.toLocaleString('en')} on a side and ` +
      `${MAX_COVER_PIXELS / 1_000_000} megapixels in all).`,
  );

const unreadable = () =>
  new AppError('unreadable-image', 400, 'The image is damaged and could not be read.');

const tooSlow = () =>
  new AppError(
    'image-too-complex',
    400,
    'The image took too long to process. Send a smaller picture, e.g. a JPEG under 20 megapixels.',
  );

function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && /^timeout/i.test(error.message);
}

let sharpModule: Promise<typeof Sharp> | undefined;

/**
 * sharp is loaded on the first cover, not at start-up: libvips adds about 19 MB to the resident set
 * of a process that may never render one (issue 14, the origin's memory).
 */
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then(({ default: sharp }) => {
    // libvips' operation cache keeps decoded images and intermediate buffers for reuse; covers are
    // never rendered twice, so it would only hold tens of MB after every upload.
    sharp.cache(false);
    // One libvips worker thread per render: the origin's render slots (render-slots.ts), not
    // libvips, decide how many cores rendering may take, and each worker has its own buffers.
    sharp.concurrency(1);
    return sharp;
  });
  return sharpModule;
}

/**
 * Reads the header of an upload and refuses, before any pixel is decoded, what is not a JPEG, PNG
 * or WebP (415) or declares too many pixels in all or on one side (400). Cheap: a header is parsed
 * in microseconds, so it runs before the upload waits for a render slot.
 */
export async function inspectCoverHeader(input: Buffer): Promise<void> {
  const sharp = await loadSharp();
  const { format, width, height } = await sharp(input, { limitInputPixels: MAX_COVER_PIXELS })
    .metadata()
    .catch((error: unknown) => {
      throw isPixelLimitError(error) ? tooManyPixels() : notAnImage();
    });
  if (!format || !COVER_FORMATS.has(format)) throw notAnImage();
  if (width > MAX_COVER_SIDE || height > MAX_COVER_SIDE || width * height > MAX_COVER_PIXELS)
    throw tooManyPixels();
}

function rendition(bytes: Buffer): CoverRendition {
  return { key: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/**
 * Renders the large and thumbnail WebP renditions of an upload whose header passed
 * `inspectCoverHeader`, without metadata. The upload is decoded once, into the large size; the
 * thumbnail is made from that (a second decode of a 40-megapixel JPEG would double the time and the
 * memory of every render). Throws 400 for a damaged file or one that takes past the deadline.
 */
export async function renderCoverRenditions(input: Buffer): Promise<CoverRenditions> {
  const sharp = await loadSharp();
  try {
    // No keepMetadata/withMetadata: sharp writes no EXIF, GPS, XMP or ICC data into the output.
    // autoOrient first, since dropping EXIF also drops the orientation a phone photo relies on.
    const { data, info } = await sharp(input, {
      limitInputPixels: MAX_COVER_PIXELS,
      failOn: 'error',
    })
      .autoOrient()
      .resize({ ...SIZES.large, fit: 'inside', withoutEnlargement: true })
      // 8-bit sRGB(A) whatever came in (CMYK, 16-bit, grey), as the raw read-back below expects.
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .timeout({ seconds: RENDER_DEADLINE_SECONDS })
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    const large = await sharp(data, raw).webp({ quality: 80 }).toBuffer();
    const thumbnail = await sharp(data, raw)
      .resize({ ...SIZES.thumbnail, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { large: rendition(large), thumbnail: rendition(thumbnail) };
  } catch (error) {
    if (isTimeoutError(error)) throw tooSlow();
    throw isPixelLimitError(error) ? tooManyPixels() : unreadable();
  }
}
