// The categories in use (GET /api/v1/categories, most books first) as a <datalist> for a category
// field: the field stays free text (a seller may start a category), the list only suggests. It is
// filled when the answer arrives; without it the field works as before.
import { apiRequest } from './api-client.js';
import { el } from './element-builder.js';

/**
 * Gives the category input inside `field` a datalist of the categories in use, each with its book
 * count when `withCounts`. Returns `field`, for use inside the form builders.
 */
export function withCategoryOptions(field, { withCounts = false } = {}) {
  const input = field.querySelector('input[name="category"]');
  if (!input) return field;
  const list = el('datalist', { id: `${input.id}-options`, 'data-testid': 'category-options' });
  input.setAttribute('list', list.id);
  field.append(list);
  apiRequest('GET', '/api/v1/categories')
    .then(({ items }) => {
      list.replaceChildren(
        ...items.map(({ category, bookCount }) =>
          el('option', {
            value: category,
            label: withCounts ? `${category} (${bookCount})` : undefined,
          }),
        ),
      );
    })
    // Suggestions only: a failed list leaves the free-text field as it was.
    .catch(() => {});
  return field;
}
