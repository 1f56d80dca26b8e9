import type { BookCondition } from '../../domain/book-conditions';

const ADJECTIVES = [
  'Silent',
  'Hidden',
  'Last',
  'Golden',
  'Broken',
  'Distant',
  'Forgotten',
  'Burning',
  'Quiet',
  'Endless',
  'Wandering',
  'Crimson',
  'Northern',
  'Secret',
  'Little',
  'Winter',
];
const NOUNS = [
  'River',
  'Garden',
  'Kingdom',
  'Harbor',
  'Library',
  'Mountain',
  'Letter',
  'Voyage',
  'Orchard',
  'Lighthouse',
  'Archive',
  'Compass',
  'Forest',
  'Island',
  'Clockmaker',
  'Bridge',
];
const SUBJECTS = [
  'A Novel',
  'Stories',
  'A Memoir',
  'Poems',
  'A History',
  'An Introduction',
  'Second Edition',
  'Collected Essays',
];
const FIRST_NAMES = [
  'Ana',
  'Gabriel',
  'Isabel',
  'Jorge',
  'Laura',
  'Mateo',
  'Olivia',
  'Samuel',
  'Valentina',
  'Hugo',
  'Clara',
  'Tomás',
  'Elena',
  'Julian',
  'Rosa',
  'Daniel',
];
const LAST_NAMES = [
  'García',
  'Márquez',
  'Allende',
  'Borges',
  'Cortázar',
  'Lispector',
  'Neruda',
  'Mistral',
  'Fuentes',
  'Paz',
  'Storni',
  'Rulfo',
  'Bolaño',
  'Poniatowska',
  'Benedetti',
  'Vargas',
];
const CATEGORIES = [
  'fiction',
  'poetry',
  'history',
  'science',
  'children',
  'travel',
  'cooking',
  'philosophy',
];
const CONDITIONS: BookCondition[] = ['new', 'like_new', 'good', 'good', 'fair', 'poor'];

/** A small deterministic PRNG (mulberry32), so demo catalogs are the same on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Completes twelve ISBN-13 digits with their check digit. */
export function isbn13WithCheckDigit(twelveDigits: string): string {
  const sum = [...twelveDigits].reduce(
    (total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3),
    0,
  );
  return `${twelveDigits}${(10 - (sum % 10)) % 10}`;
}

export interface GeneratedBook {
  title: string;
  author: string;
  description: string;
  isbn: string;
  condition: BookCondition;
  category: string;
  priceCents: number;
  stock: number;
}

/** Generates `count` plausible second-hand books, deterministically from `seed`. */
export function generateBooks(count: number, seed = 42): GeneratedBook[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const title = `The ${pick(ADJECTIVES)} ${pick(NOUNS)}${next() < 0.4 ? `: ${pick(SUBJECTS)}` : ''}`;
    const author = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    const condition = pick(CONDITIONS);
    const category = pick(CATEGORIES);
    return {
      title,
      author,
      description: `A ${condition.replace('_', ' ')} copy of "${title}" by ${author}, from our ${category} shelves.`,
      isbn: isbn13WithCheckDigit(`978${String(100000000 + index).slice(-9)}`),
      condition,
      category,
      priceCents: 300 + Math.floor(next() * 60) * 50,
      stock: Math.floor(next() * 12),
    };
  });
}
