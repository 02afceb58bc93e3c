"use client";
import { useMemo } from "react";
import CodeMirror from "@uiw/react-codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { Text } from "@fluentui/react-components";
import { describeProblem, parseCondaYaml, type SpecProblem } from "@/lib/domain/environment-spec";

/** Problems of a conda file, for the editor and the dialog (the server checks the same way). */
export function condaProblems(text: string): SpecProblem[] {
  return text.trim() === ""
    ? [{ message: "The conda file is empty.", line: 1, column: 1 }]
    : parseCondaYaml(text).problems;
}

/**
 * A YAML editor for conda files that validates as you type: each problem is marked at its line and column
 * in the editor and listed under it ("line 4, column 7: …").
 */
export function CondaEditor({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const problems = useMemo(() => condaProblems(value), [value]);
  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      linter(
        (view) =>
          condaProblems(view.state.doc.toString()).map((p): Diagnostic => {
            const line = view.state.doc.line(Math.min(Math.max(p.line ?? 1, 1), view.state.doc.lines));
            const from = Math.min(line.from + Math.max((p.column ?? 1) - 1, 0), line.to);
            return { from, to: Math.max(from, line.to), severity: "error", message: p.message };
          }),
        { delay: 150 },
      ),
    ],
    [],
  );
  return (
    <div>
      <div data-testid="conda-editor" style={{ border: "1px solid var(--colorNeutralStroke1)", borderRadius: 4 }}>
        <CodeMirror
          value={value}
          height="260px"
          extensions={extensions}
          onChange={onChange}
          basicSetup={{ lineNumbers: true, foldGutter: false }}
          aria-label="Conda file"
        />
      </div>
      <div role="status" aria-live="polite" data-testid="conda-problems">
        {problems.length === 0 ? (
          <Text size={200}>Valid conda file.</Text>
        ) : (
          problems.slice(0, 5).map((p, i) => (
            <Text key={i} size={200} block style={{ color: "var(--colorPaletteRedForeground1)" }}>
              {describeProblem(p)}
            </Text>
          ))
        )}
      </div>
    </div>
  );
}
