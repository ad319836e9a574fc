// Textual list substitution: Falco replaces list names in a condition with the list's items before
// parsing, so lists work anywhere a bare word does (`in (my_list)`, `= my_list`, `(a, my_list, b)`).

const BLANKS = " \t\n\r";
const DELIMITERS = `${BLANKS}(),=`;

/** Wraps an item in double quotes when it holds a space and is not quoted already. */
export function quoteItem(item: string): string {
  if (item.includes(" ") && item[0] !== '"' && item[0] !== "'") return `"${item}"`;
  return item;
}

/**
 * Replaces every whole-word occurrence of `name` (bounded by the start or end of the text, blanks, `(`,
 * `)`, `,` or `=`) with the items joined by ", ". The blanks around the name are consumed and replaced by
 * one space on each side; an empty list also swallows the comma next to it. Returns the new text and
 * whether anything was replaced.
 */
export function substituteList(
  condition: string,
  name: string,
  items: readonly string[],
): { text: string; used: boolean } {
  // Most conditions mention few of the many lists: skip the quoting work when the name is absent.
  if (name.length === 0 || !condition.includes(name)) return { text: condition, used: false };
  const replacement = items.map(quoteItem).join(", ");
  let text = condition;
  let used = false;
  let start = text.indexOf(name);
  while (start >= 0) {
    let end = start + name.length;
    const boundedLeft = start === 0 || DELIMITERS.includes(text[start - 1]);
    const boundedRight = end >= text.length || DELIMITERS.includes(text[end]);
    if (boundedLeft && boundedRight) {
      while (start > 0 && BLANKS.includes(text[start - 1])) start--;
      while (end < text.length && BLANKS.includes(text[end])) end++;
      if (replacement === "") {
        if (start > 0 && text[start - 1] === ",") start--;
        else if (end < text.length && text[end] === ",") end++;
      }
      const before = start > 0 ? `${text.slice(0, start)} ` : "";
      text = `${before}${replacement} ${text.slice(end)}`;
      // Continue after the inserted items: Falco skips one character past them.
      start += replacement.length + 1;
      used = true;
    }
    start = text.indexOf(name, start + 1);
  }
  return { text, used };
}

/**
 * Substitutes every list into a condition, in list definition order (a list's items are not searched
 * for names of lists substituted before it). Reports which lists were used.
 */
export function substituteLists(
  condition: string,
  lists: Iterable<{ name: string; items: readonly string[] }>,
  onUsed: (name: string) => void,
): string {
  let text = condition;
  for (const list of lists) {
    const r = substituteList(text, list.name, list.items);
    text = r.text;
    if (r.used) onUsed(list.name);
  }
  return text;
}
