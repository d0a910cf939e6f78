// The exercises' code editor: CodeMirror 6 (bundled from npm into vendor/codemirror.js by
// build.py) with Python highlighting and indentation. Tab indents; Escape then Tab leaves the
// editor, so a keyboard user is never trapped in it.

import { basicSetup, Compartment, EditorState, EditorView, indentWithTab, keymap, python } from "../vendor/codemirror.js";

/**
 * An editor in `parent`; `onChange(text)` after each edit. Returns {getCode, setCode, goToLine,
 * setReadOnly, view}.
 */
export function createEditor(parent, { text = "", label = "Python code", onChange = () => {} } = {}) {
  const editable = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        python(),
        keymap.of([indentWithTab]),
        EditorState.tabSize.of(4),
        EditorView.contentAttributes.of({ "aria-label": label, autocapitalize: "off", autocorrect: "off", spellcheck: "false" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
        editable.of(EditorView.editable.of(true)),
      ],
    }),
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: String(code) } });
    },
    /** Put the cursor on line `n` (1-based) and show it. */
    goToLine(n) {
      const line = view.state.doc.line(Math.max(1, Math.min(n, view.state.doc.lines)));
      view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
    },
    setReadOnly(on) {
      view.dispatch({ effects: editable.reconfigure(EditorView.editable.of(!on)) });
    },
  };
}
