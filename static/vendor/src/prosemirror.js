// What static/editor.js uses of ProseMirror, bundled into one module.
export { Schema, DOMParser, DOMSerializer, Fragment } from "prosemirror-model";
export { EditorState, TextSelection, Selection, Plugin } from "prosemirror-state";
export { EditorView } from "prosemirror-view";
export { nodes as basicNodes, marks as basicMarks } from "prosemirror-schema-basic";
export { addListNodes, wrapInList, splitListItem, liftListItem, sinkListItem } from "prosemirror-schema-list";
export { keymap } from "prosemirror-keymap";
export { history, undo, redo } from "prosemirror-history";
export { baseKeymap, toggleMark, setBlockType, wrapIn, lift, chainCommands, exitCode } from "prosemirror-commands";
export { dropCursor } from "prosemirror-dropcursor";
export { gapCursor } from "prosemirror-gapcursor";
export { inputRules, wrappingInputRule, textblockTypeInputRule, undoInputRule } from "prosemirror-inputrules";
