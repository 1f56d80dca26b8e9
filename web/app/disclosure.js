// A button that shows and hides a region: the header's menu, the catalog's filters on phones.

/**
 * Wires `toggle` (a button whose aria-controls names `region`) to show and hide the region:
 * `show(open)` applies the visual state and aria-expanded follows it; Escape in the open region
 * hides it and gives focus back to the button. Returns the function that opens or closes it.
 */
export function disclosure(toggle, region, show) {
  const isOpen = () => toggle.getAttribute('aria-expanded') === 'true';
  const setOpen = (open) => {
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    show(open);
  };
  toggle.addEventListener('click', () => setOpen(!isOpen()));
  region.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });
  return setOpen;
}
