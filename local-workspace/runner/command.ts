/**
 * Binds `${{inputs.x}}` and `${{outputs.y}}` in an Azure ML command without ever letting a value become shell
 * syntax. Each placeholder is replaced by a reference to an environment variable holding the value, quoted for
 * the place it stands in (outside quotes: "${VAR}"; inside double quotes: ${VAR}; inside single quotes: the single
 * quote is closed, "${VAR}" inserted and the quote reopened). bash expands a quoted variable to exactly one word
 * and never parses its contents again, so `; rm -rf /` in a value stays a string.
 */
export type BoundCommand = { script: string; env: Record<string, string> };

export class CommandBindingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandBindingError";
  }
}

const PLACEHOLDER = /\$\{\{\s*(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;

export function envName(group: "inputs" | "outputs", name: string): string {
  return `AZUREML_${group === "inputs" ? "INPUT" : "OUTPUT"}_${name}`;
}

/**
 * @param values the value of every input and output the command may name; an optional input left unbound is
 *   passed as undefined and its placeholder becomes an empty string (Azure ML drops `$[[...]]` optional blocks —
 *   see stripOptionalBlocks).
 */
export function bindCommand(
  command: string,
  values: { inputs: Record<string, string | undefined>; outputs: Record<string, string> },
): BoundCommand {
  const env: Record<string, string> = {};
  let out = "";
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length;) {
    PLACEHOLDER.lastIndex = i;
    const m = PLACEHOLDER.exec(command);
    if (m) {
      const group = m[1] as "inputs" | "outputs";
      const name = m[2];
      const source = values[group] as Record<string, string | undefined>;
      if (!(name in source))
        throw new CommandBindingError(
          `The command refers to \${{${group}.${name}}}, which the component does not declare.`,
        );
      const variable = envName(group, name);
      env[variable] = source[name] ?? "";
      out += quote === '"' ? `\${${variable}}` : quote === "'" ? `'"\${${variable}}"'` : `"\${${variable}}"`;
      i += m[0].length;
      continue;
    }
    const ch = command[i];
    if (quote === null && ch === "\\" && i + 1 < command.length) {
      out += ch + command[i + 1];
      i += 2;
      continue;
    }
    if (quote === '"' && ch === "\\" && i + 1 < command.length) {
      out += ch + command[i + 1];
      i += 2;
      continue;
    }
    if (quote === null && (ch === "'" || ch === '"')) quote = ch;
    else if (quote === ch) quote = null;
    out += ch;
    i += 1;
  }
  if (quote) throw new CommandBindingError(`The command has an unclosed ${quote === "'" ? "single" : "double"} quote.`);
  return { script: out, env };
}

/**
 * Azure ML's optional-argument syntax: `$[[--lr ${{inputs.lr}}]]` is kept only when every input it names is bound.
 */
export function stripOptionalBlocks(command: string, bound: (input: string) => boolean): string {
  return command.replace(/\$\[\[([\s\S]*?)\]\]/g, (_, inner: string) => {
    const names = [...inner.matchAll(/\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]);
    return names.every(bound) ? inner : "";
  });
}
