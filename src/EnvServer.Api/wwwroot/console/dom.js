// A tiny element builder: h("td", {class: "x"}, ["text", child]).
export function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of [].concat(children)) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** A table with a caption, header cells and rows of cells (strings or nodes). */
export function table(caption, headers, rows, attributes = {}) {
  return h("table", attributes, [
    h("caption", {}, [caption]),
    h("thead", {}, [h("tr", {}, headers.map((x) => h("th", { scope: "col" }, [x])))]),
    h("tbody", {}, rows.length ? rows.map((row) => h("tr", {}, row.map((cell) => h("td", {}, [cell]))))
      : [h("tr", {}, [h("td", { colspan: headers.length, class: "empty" }, ["none yet"])])]),
  ]);
}

/** A definition list of label → value pairs: the "vital signs" box of each view. */
export function facts(pairs, attributes = {}) {
  return h("dl", { class: "facts", ...attributes }, pairs.map(([label, value]) => h("div", {}, [h("dt", {}, [label]), h("dd", {}, [value])])));
}
