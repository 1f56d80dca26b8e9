import type { Request } from 'express';
import { COVER_MEDIA_TYPES, MAX_COVER_BYTES } from '../../shared/covers/cover-renditions';
import { AppError } from '../../shared/errors/app-error';

// The rest of a refused body is never read: the connection closes after the answer instead.
const CLOSE = { headers: { Connection: 'close' } };

const tooLarge = () =>
  new AppError(
    'payload-too-large',
    413,
    `The image is larger than ${MAX_COVER_BYTES / (1024 * 1024)} MB.`,
    CLOSE,
  );

/**
 * Reads an uploaded cover image: the body itself, sent as image/jpeg, image/png or image/webp, at
 * most MAX_COVER_BYTES. A declared length over the limit is a 413 before any byte is read, and a
 * body without a length is a 413 as soon as it passes the limit. The bytes are checked later.
 */
export function readCoverUpload(req: Request): Promise<Buffer> {
  if (!req.is([...COVER_MEDIA_TYPES]))
    return Promise.reject(
      new AppError(
        'unsupported-media-type',
        415,
        'Send the cover as the request body with Content-Type image/jpeg, image/png or image/webp.',
        CLOSE,
      ),
    );
  if (Number(req.get('content-length') ?? 0) > MAX_COVER_BYTES) return Promise.reject(tooLarge());

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: AppError) => {
      req.off('data', onData);
      req.off('end', onEnd);
      // Discard, not buffer, whatever is already on its way until the socket closes.
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_COVER_BYTES) return stop(tooLarge());
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (size === 0) reject(new AppError('missing-image', 400, 'The request has no image.'));
      else resolve(Buffer.concat(chunks, size));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.once('aborted', () =>
      stop(new AppError('request-aborted', 400, 'The image was not received completely.')),
    );
  });
}
