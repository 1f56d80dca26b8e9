import sharp from 'sharp';
import { renderCoverRenditions } from '../../covers/cover-renditions';
import { putCoverRenditions, type CoverStorage } from '../../covers/cover-storage';
import type { CoverKeys } from '../repositories/book-inventory-repository';

/** Background pairs of the demo covers; one cover per pair, reused across the demo books. */
const PALETTES: ReadonlyArray<readonly [string, string, string]> = [
  ['#1d3557', '#457b9d', '#f1faee'],
  ['#6a040f', '#d00000', '#ffba08'],
  ['#2d6a4f', '#74c69d', '#d8f3dc'],
  ['#3c096c', '#9d4edd', '#e0aaff'],
  ['#7f5539', '#b08968', '#ede0d4'],
  ['#003049', '#f77f00', '#fcbf49'],
  ['#264653', '#2a9d8f', '#e9c46a'],
  ['#5f0f40', '#9a031e', '#fb8b24'],
];

/** A book-cover-like picture drawn in SVG: a gradient, a motif that differs per index, a spine. */
function coverSvg(index: number): string {
  const [dark, mid, light] = PALETTES[index % PALETTES.length] as readonly [string, string, string];
  const motifs = [
    `<circle cx="300" cy="380" r="170" fill="${light}" fill-opacity="0.85"/>`,
    `<rect x="140" y="230" width="320" height="320" transform="rotate(45 300 390)" fill="${light}" fill-opacity="0.8"/>`,
    `<polygon points="300,170 500,560 100,560" fill="${light}" fill-opacity="0.8"/>`,
    [0, 1, 2, 3, 4]
      .map(
        (n) =>
          `<rect x="90" y="${220 + n * 70}" width="420" height="34" fill="${light}" fill-opacity="${0.9 - n * 0.12}"/>`,
      )
      .join(''),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900" viewBox="0 0 600 900">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0.6" y2="1">
    <stop offset="0" stop-color="${mid}"/><stop offset="1" stop-color="${dark}"/>
  </linearGradient></defs>
  <rect width="600" height="900" fill="url(#g)"/>
  <rect width="34" height="900" fill="${dark}" fill-opacity="0.6"/>
  ${motifs[index % motifs.length]}
  <rect x="90" y="690" width="420" height="14" fill="${light}"/>
  <rect x="150" y="730" width="300" height="10" fill="${light}" fill-opacity="0.7"/>
</svg>`;
}

/**
 * Draws `count` distinct demo covers and stores them through the cover storage, exactly as an
 * upload is: rendered from SVG to PNG locally (no download), then checked and converted by the
 * upload pipeline. Returns their keys, for the demo books to share.
 */
export async function createDemoCovers(storage: CoverStorage, count = 8): Promise<CoverKeys[]> {
  const covers: CoverKeys[] = [];
  for (let index = 0; index < count; index += 1) {
    const png = await sharp(Buffer.from(coverSvg(index)))
      .png()
      .toBuffer();
    covers.push(await putCoverRenditions(storage, await renderCoverRenditions(png)));
  }
  return covers;
}
