// On a form error the page scrolls to the first field at fault, so that a person who tapped
// the submit button at the bottom sees what to change. Each field of a form carries the id
// `field-<name>`; `order` lists the names from the top of the page down.

/** The first of `order` that has an error, or ''. */
export function firstError(errors: Record<string, string | undefined>, order: readonly string[]): string {
  return order.find((k) => !!errors[k]) || '';
}

/** Scrolls the page to the element `selector` names (an id), a little above it. */
export function scrollToSelector(selector: string): void {
  if (typeof wx.pageScrollTo !== 'function') return;
  wx.pageScrollTo({ selector, offsetTop: -16, duration: 300, fail: () => undefined });
}

/**
 * Scrolls the page to the field `field-<name>` of the first error (a little above it, so its
 * label shows). Call it once the errors are drawn (setData's callback).
 */
export function scrollToFirstError(errors: Record<string, string | undefined>, order: readonly string[]): void {
  const name = firstError(errors, order);
  if (name) scrollToSelector(`#field-${name}`);
}
