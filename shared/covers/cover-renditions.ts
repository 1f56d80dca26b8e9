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
const MAX_INPUT_PIXELS = 40_000_000;

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
    `The image has too many pixels (at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels).`,
  );

const unreadable = () =>
  new AppError('unreadable-image', 400, 'The image is damaged and could not be read.');

function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

let sharpModule: Promise<typeof Sharp> | undefined;

/**
 * sharp is loaded on the first cover, not at start-up: libvips adds about 19 MB to the resident set
 * of a process that may never render one (issue 14, the origin's memory).
 */
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then((module) => module.default);
  return sharpModule;
}

async function render(
  input: Buffer,
  size: { width: number; height: number },
): Promise<CoverRendition> {
  // No keepMetadata/withMetadata: sharp writes no EXIF, GPS, XMP or ICC data into the output.
  // autoOrient first, since dropping EXIF also drops the orientation a phone photo relies on.
  const sharp = await loadSharp();
  const bytes = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .autoOrient()
    .resize({ ...size, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  return { key: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/**
 * Checks that the bytes are a JPEG, PNG or WebP picture of sane dimensions (whatever the request
 * claimed) and renders the large and thumbnail WebP renditions, without metadata.
 * Throws 415 for anything else, 400 for a decompression bomb or a damaged file.
 */
export async function renderCoverRenditions(input: Buffer): Promise<CoverRenditions> {
  let format: string | undefined;
  let pixels: number;
  const sharp = await loadSharp();
  try {
    // Reads the header only: the declared size is checked before a single pixel is decoded.
    const metadata = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    format = metadata.format;
    pixels = metadata.width * metadata.height;
  } catch (error) {
    throw isPixelLimitError(error) ? tooManyPixels() : notAnImage();
  }
  if (!format || !COVER_FORMATS.has(format)) throw notAnImage();
  if (pixels > MAX_INPUT_PIXELS) throw tooManyPixels();
  try {
    const [large, thumbnail] = await Promise.all([
      render(input, SIZES.large),
      render(input, SIZES.thumbnail),
    ]);
    return { large, thumbnail };
  } catch (error) {
    throw isPixelLimitError(error) ? tooManyPixels() : unreadable();
  }
}
