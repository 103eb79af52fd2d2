// The exercise page's code editor: CodeMirror 6 over a plain <textarea>.
//
// Progressive enhancement: every <textarea data-editor="python"> gets an editor placed right
// after it; the textarea is hidden but stays in its form, and holds the editor's text after
// every change and on submit, so the form posts the code as before. Without JavaScript (or if
// this file fails to load) the textarea is used as it is.
//
// Nothing here loads anything from the network: the styles are injected by CodeMirror itself.
// Built by ../build.mjs (`make frontend`) into static/js/editor.js, which is committed.

import { EditorState } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { tags as t } from "@lezer/highlight";

const DEFAULT_HINT =
  "Tab indents, Shift+Tab dedents. To leave the editor with the keyboard, press Esc then Tab.";

// Colours on white, each with a contrast ratio of at least 4.5:1 (WCAG AA), after the site's
// palette (static/css/proctor.css).
const highlightStyle = HighlightStyle.define([
  {
    tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword],
    color: "#a40e26",
    fontWeight: "600",
  },
  { tag: t.modifier, color: "#a40e26" },
  { tag: [t.string, t.special(t.string), t.character], color: "#0a3069" },
  { tag: [t.escape, t.regexp], color: "#116329" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#57606a", fontStyle: "italic" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "#0550ae" },
  {
    tag: [t.function(t.definition(t.variableName)), t.function(t.variableName),
      t.function(t.propertyName)],
    color: "#6639ba",
  },
  { tag: [t.definition(t.className), t.className, t.typeName], color: "#953800" },
  { tag: [t.meta, t.annotation], color: "#953800" },
  { tag: t.invalid, color: "#82071e", textDecoration: "underline wavy" },
]);

const theme = EditorView.theme(
  {
    "&": {
      color: "#1b1f24",
      backgroundColor: "#fff",
      border: "1px solid #8c959f",
      maxWidth: "100%",
      minWidth: "0",
      fontSize: "14px",
    },
    "&.cm-focused": { outline: "2px solid #0550ae", outlineOffset: "1px" },
    ".cm-scroller": {
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      lineHeight: "1.4",
      overflowX: "auto",
    },
    ".cm-content": { caretColor: "#1b1f24", padding: "4px 0" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#1b1f24", borderLeftWidth: "2px" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
      { backgroundColor: "#b6e3ff" },
    ".cm-activeLine": { backgroundColor: "#f3f6f9" },
    ".cm-gutters": { backgroundColor: "#f6f8fa", color: "#57606a", borderRight: "1px solid #d0d7de" },
    ".cm-activeLineGutter": { backgroundColor: "#e6ebf1", color: "#1b1f24" },
    ".cm-lineNumbers .cm-gutterElement": { padding: "0 6px 0 8px" },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: "#dafbe1",
      outline: "1px solid #116329",
    },
    "&.cm-focused .cm-nonmatchingBracket": {
      backgroundColor: "#ffebe9",
      outline: "1px solid #a40e26",
    },
    ".cm-selectionMatch": { backgroundColor: "#fff8c5" },
    ".cm-searchMatch": { backgroundColor: "#fff8c5", outline: "1px solid #9a6700" },
    ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "#ffd8b5" },
    ".cm-panels": { backgroundColor: "#f6f8fa", color: "#1b1f24" },
    ".cm-panels.cm-panels-top": { borderBottom: "1px solid #d0d7de" },
  },
  { dark: false },
);

// The text of the <label for=...> naming the textarea, else its own aria-label.
function labelOf(textarea) {
  if (textarea.labels && textarea.labels.length) {
    return textarea.labels[0].textContent.replace(/\s+/g, " ").trim();
  }
  return textarea.getAttribute("aria-label") || "Code editor";
}

function enhance(textarea, index) {
  const base = textarea.id || `editor-${index}`;
  const hint = document.createElement("p");
  hint.id = `${base}-editor-hint`;
  hint.className = "editor-hint";
  hint.textContent = textarea.dataset.editorHint || DEFAULT_HINT;
  hint.style.margin = "0";
  hint.style.fontSize = ".875rem";
  hint.style.color = "#57606a";

  const label = labelOf(textarea);
  const minLines = Math.max(parseInt(textarea.getAttribute("rows"), 10) || 20, 1);
  const sync = () => {
    textarea.value = view.state.doc.toString();
  };

  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        EditorState.allowMultipleSelections.of(true),
        EditorState.tabSize.of(4),
        indentUnit.of("    "),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        python(),
        syntaxHighlighting(highlightStyle),
        theme,
        // At least as tall as the textarea it replaces (rows), growing with its content.
        EditorView.theme({
          ".cm-content, .cm-gutter": { minHeight: `calc(${minLines} * 1.4em + 8px)` },
        }),
        EditorView.contentAttributes.of({
          "aria-label": label,
          "aria-describedby": hint.id,
        }),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) sync();
        }),
      ],
    }),
  });

  textarea.after(view.dom, hint);
  textarea.style.display = "none";

  // The label pointed at the textarea, now hidden: send its clicks to the editor.
  if (textarea.labels) {
    for (const l of textarea.labels) {
      l.addEventListener("click", (event) => {
        event.preventDefault();
        view.focus();
      });
    }
  }
  if (textarea.form) textarea.form.addEventListener("submit", sync);
  return view;
}

function init() {
  document.querySelectorAll('textarea[data-editor="python"]').forEach((textarea, index) => {
    if (textarea.dataset.editorReady) return;
    textarea.dataset.editorReady = "true";
    try {
      enhance(textarea, index);
    } catch (error) {
      // Keep the plain textarea usable if the editor cannot start.
      textarea.style.display = "";
      console.error("Code editor failed to start; using the plain textarea.", error);
    }
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
