// Builds DOM nodes from plain values. All text goes through text nodes, never innerHTML, so data from
// the API can never be interpreted as markup.

const BOOLEAN_PROPS = new Set([
  'hidden',
  'disabled',
  'checked',
  'required',
  'selected',
  'readOnly',
]);

/**
 * Creates an element. `attrs` keys: `class`, `dataset` (object), `on<Event>` (listener), boolean
 * properties (hidden, disabled, checked, required, selected, readOnly), `value`, and any other
 * attribute name (set with setAttribute; null/undefined/false skip it).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (BOOLEAN_PROPS.has(key)) {
      node[key] = Boolean(value);
    } else if (key === 'value') {
      node.value = String(value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends children (nodes, strings, numbers, nested arrays; null/false are skipped) to a node. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces everything inside a node with the given children. */
export function replaceContent(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}
