import sharp from 'sharp';
import { renderCoverRenditions } from '../../covers/cover-renditions';
import { putCoverRenditions, type CoverStorage, type CoverKeys } from '../../covers/cover-storage';

/** Dark, middle and light colours of one cover; which one a book gets follows from its title. */
const PALETTES: ReadonlyArray<readonly [string, string, string]> = [
  ['#1d3557', '#457b9d', '#f1faee'],
  ['#6a040f', '#d00000', '#ffba08'],
  ['#2d6a4f', '#74c69d', '#d8f3dc'],
  ['#3c096c', '#9d4edd', '#e0aaff'],
  ['#7f5539', '#b08968', '#ede0d4'],
  ['#003049', '#f77f00', '#fcbf49'],
  ['#264653', '#2a9d8f', '#e9c46a'],
  ['#5f0f40', '#9a031e', '#fb8b24'],
  ['#22223b', '#4a4e69', '#f2e9e4'],
  ['#283618', '#606c38', '#fefae0'],
  ['#0b090a', '#660708', '#f5f3f4'],
  ['#03045e', '#0077b6', '#caf0f8'],
  ['#432818', '#99582a', '#ffe6a7'],
  ['#10002b', '#5a189a', '#ff9e00'],
];

type Colours = { dark: string; mid: string; light: string };

/** Shapes drawn behind or beside the title, around (cx, cy) with size r. */
const MOTIFS: ReadonlyArray<(c: Colours, cx: number, cy: number, r: number) => string> = [
  (c, cx, cy, r) =>
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${c.light}" fill-opacity="0.85"/>`,
  (c, cx, cy, r) =>
    `<rect x="${cx - r * 0.7}" y="${cy - r * 0.7}" width="${r * 1.4}" height="${r * 1.4}" transform="rotate(45 ${cx} ${cy})" fill="${c.light}" fill-opacity="0.8"/>`,
  (c, cx, cy, r) =>
    `<polygon points="${cx},${cy - r} ${cx + r},${cy + r * 0.8} ${cx - r},${cy + r * 0.8}" fill="${c.light}" fill-opacity="0.8"/>`,
  (c, cx, cy, r) =>
    [0, 1, 2, 3, 4]
      .map(
        (n) =>
          `<rect x="${cx - r}" y="${cy - r + n * r * 0.42}" width="${r * 2}" height="${r * 0.2}" fill="${c.light}" fill-opacity="${0.9 - n * 0.12}"/>`,
      )
      .join(''),
  (c, cx, cy, r) =>
    [1, 0.7, 0.4]
      .map(
        (k) =>
          `<circle cx="${cx}" cy="${cy}" r="${r * k}" fill="none" stroke="${c.light}" stroke-width="${r * 0.09}" stroke-opacity="0.85"/>`,
      )
      .join(''),
  (c, cx, cy, r) =>
    `<path d="M${cx - r},${cy + r * 0.6} Q${cx - r * 0.5},${cy - r} ${cx},${cy + r * 0.1} T${cx + r},${cy - r * 0.4}" fill="none" stroke="${c.light}" stroke-width="${r * 0.12}" stroke-linecap="round"/>`,
];

/** What a layout places: the colours, a motif, and the title and author set at a height. */
interface CoverParts {
  c: Colours;
  motif: (typeof MOTIFS)[number];
  /** The title, centred at `centreY`, in a size that fits lines of `width` pixels. */
  title: (centreY: number, colour: string, width?: number) => string;
  byline: (y: number, colour: string) => string;
}

/** Where the title, the author and the motif sit, over the cover's gradient. */
const LAYOUTS: ReadonlyArray<(parts: CoverParts) => string> = [
  // A band at the top carries the title; the motif fills the rest.
  ({ c, motif, title, byline }) =>
    `<rect y="70" width="600" height="300" fill="${c.light}" fill-opacity="0.92"/>${title(220, c.dark)}${motif(c, 300, 600, 150)}${byline(830, c.light)}`,
  // The motif in the middle, the title below it on the dark ground.
  ({ c, motif, title, byline }) =>
    `${motif(c, 300, 300, 170)}${title(610, c.light)}${byline(830, c.light)}`,
  // A classic framed cover: a double rule around a centred title.
  ({ c, motif, title, byline }) =>
    `<rect x="50" y="50" width="500" height="800" fill="none" stroke="${c.light}" stroke-width="6"/><rect x="70" y="70" width="460" height="760" fill="none" stroke="${c.light}" stroke-width="2"/>${title(300, c.light, 420)}${motif(c, 300, 620, 90)}${byline(780, c.light)}`,
  // Split: the motif on the dark upper half, the title on a light lower half.
  ({ c, motif, title, byline }) =>
    `<rect y="470" width="600" height="430" fill="${c.light}"/>${motif(c, 300, 250, 150)}${title(600, c.dark)}${byline(840, c.dark)}`,
  // A wide light block on the left with a dark motif, the title set beside it.
  ({ c, motif, title, byline }) =>
    `<rect width="170" height="900" fill="${c.light}" fill-opacity="0.85"/>${motif({ ...c, light: c.dark }, 85, 450, 60)}<g transform="translate(85 0)">${title(360, c.light, 400)}${byline(800, c.light)}</g>`,
];

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Splits a title into lines of about `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A small stable hash of a text, so a book's look does not change between runs. */
function hash(text: string, salt: number): number {
  let value = 2166136261 ^ salt;
  for (const char of text) value = Math.imul(value ^ char.codePointAt(0)!, 16777619) >>> 0;
  return value;
}

/**
 * A book cover drawn in SVG for a demo book: its title and author set on it, over one of several
 * layouts, palettes and motifs chosen from the title, so the grid of a catalog page varies.
 */
export function demoCoverSvg(book: { title: string; author: string }): string {
  const [dark, mid, light] = PALETTES[hash(book.title, 1) % PALETTES.length]!;
  const colours: Colours = { dark, mid, light };
  const motif = MOTIFS[hash(book.title, 2) % MOTIFS.length]!;
  const layout = LAYOUTS[hash(book.title, 3) % LAYOUTS.length]!;
  const lines = wrap(book.title, 14);
  const longest = Math.max(...lines.map((line) => line.length));
  const title = (centreY: number, colour: string, width = 520) => {
    // Bold serif capitals and lower case average about 0.6 em wide.
    const size = Math.min(58, Math.floor(width / (0.6 * longest)));
    const top = centreY - ((lines.length - 1) * size * 1.15) / 2;
    return lines
      .map(
        (line, n) =>
          `<text x="300" y="${top + n * size * 1.15}" font-family="DejaVu Serif, serif" font-weight="bold" font-size="${size}" fill="${colour}" text-anchor="middle" dominant-baseline="middle">${escapeXml(line)}</text>`,
      )
      .join('');
  };
  const byline = (y: number, colour: string) =>
    `<text x="300" y="${y}" font-family="DejaVu Sans, sans-serif" font-size="30" letter-spacing="3" fill="${colour}" text-anchor="middle">${escapeXml(book.author.toUpperCase())}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900" viewBox="0 0 600 900">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0.6" y2="1">
    <stop offset="0" stop-color="${mid}"/><stop offset="1" stop-color="${dark}"/>
  </linearGradient></defs>
  <rect width="600" height="900" fill="url(#g)"/>
  ${layout({ c: colours, motif, title, byline })}
  <rect width="18" height="900" fill="${dark}" fill-opacity="0.5"/>
</svg>`;
}

/**
 * Draws a cover for each demo book and stores it through the cover storage, exactly as an upload
 * is: rendered from SVG to PNG locally (no download, the title set in the machine's own fonts),
 * then checked and converted by the upload pipeline. Books with the same title share one cover,
 * drawn once per seeding: the generator's titles repeat, so a catalog of any size draws a few
 * thousand at most.
 */
export function createDemoCoverMaker(
  storage: CoverStorage,
): (books: ReadonlyArray<{ title: string; author: string }>) => Promise<CoverKeys[]> {
  const drawn = new Map<string, Promise<CoverKeys>>();
  const draw = async (book: { title: string; author: string }) => {
    const png = await sharp(Buffer.from(demoCoverSvg(book)))
      .png()
      .toBuffer();
    return putCoverRenditions(storage, await renderCoverRenditions(png));
  };
  return async (books) => {
    const keys: CoverKeys[] = [];
    // Two at a time: sharp renders on libuv's threads, and more would only queue there.
    for (let start = 0; start < books.length; start += 2) {
      const pair = books.slice(start, start + 2).map((book) => {
        let cover = drawn.get(book.title);
        if (!cover) {
          cover = draw(book);
          drawn.set(book.title, cover);
        }
        return cover;
      });
      keys.push(...(await Promise.all(pair)));
    }
    return keys;
  };
}
