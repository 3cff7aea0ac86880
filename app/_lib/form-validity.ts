/**
 * The first field of `form` outside its own bounds (min, max, step, required), focused, as
 * "Label: the browser's reason", or null. Forms here use noValidate so errors show in our own alert.
 */
export function findInvalidField(form: HTMLFormElement): string | null {
  const invalid = Array.from(form.querySelectorAll('input')).find((input) => !input.checkValidity());
  if (!invalid) return null;
  invalid.focus();
  return `${invalid.labels?.[0]?.textContent ?? invalid.name}: ${invalid.validationMessage}`;
}
