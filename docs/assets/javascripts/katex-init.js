// Typeset the math that pymdownx.arithmatex marked (generic mode: \( \) and \[ \])
// with the vendored KaTeX, on the first load and after every page switch.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
});
