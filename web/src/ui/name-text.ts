/**
 * A function name as text that wraps only between its parts: a <wbr> after each '/', '.', ',', ':' and
 * before each '(' , so "github.com/acme/shop/cart.(*Cart).Add" breaks at "cart." or "(*Cart)." and never
 * inside a word. The name stays text (text nodes only); with the CSS `overflow-wrap: normal` on name
 * cells a part longer than the box overflows rather than being cut.
 */
export function nameText(name: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let from = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const after = c === '/' || c === '.' || c === ',' || c === ':';
    const before = c === '(' && i > 0;
    if (before || after) {
      const cut = after ? i + 1 : i;
      if (cut > from) {
        fragment.appendChild(document.createTextNode(name.slice(from, cut)));
        fragment.appendChild(document.createElement('wbr'));
        from = cut;
      }
    }
  }
  if (from < name.length) {
    fragment.appendChild(document.createTextNode(name.slice(from)));
  }
  return fragment;
}
