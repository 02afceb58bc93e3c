import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { bindCommand, stripOptionalBlocks, CommandBindingError } from "@/local-workspace/runner/command";

/** Runs the bound script in bash and returns what it printed, one argument per line. */
function run(command: string, inputs: Record<string, string | undefined>, outputs: Record<string, string> = {}) {
  const bound = bindCommand(command, { inputs, outputs });
  const res = spawnSync("bash", ["-c", bound.script], { env: { ...process.env, ...bound.env }, encoding: "utf8" });
  return { stdout: res.stdout, stderr: res.stderr, status: res.status, bound };
}

describe("bindCommand", () => {
  it("passes a value as exactly one argument", () => {
    const r = run(`printf '%s\\n' \${{inputs.a}} \${{inputs.b}}`, { a: "hello world", b: "x" });
    expect(r.stdout).toBe("hello world\nx\n");
  });

  it("never lets a value become shell syntax", () => {
    const evil = `; echo PWNED; $(echo PWNED) \`echo PWNED\` && echo PWNED | cat > /tmp/pwned-$$ '"`;
    for (const command of [
      `printf '%s\\n' \${{inputs.a}}`,
      `printf '%s\\n' "pre \${{inputs.a}} post"`,
      `printf '%s\\n' 'pre \${{inputs.a}} post'`,
    ]) {
      const r = run(command, { a: evil });
      expect(r.status).toBe(0);
      expect(r.stdout.split("\n").filter((l) => l === "PWNED")).toEqual([]);
      expect(r.stdout).toContain(evil);
    }
  });

  it("keeps globs and word splitting out of values", () => {
    const r = run(`printf '%s|' \${{inputs.a}}`, { a: "* ?  two  spaces" });
    expect(r.stdout).toBe("* ?  two  spaces|");
  });

  it("binds outputs to their paths and keeps the rest of the command", () => {
    const r = run(`echo done > \${{outputs.out}}/result.txt && cat \${{outputs.out}}/result.txt`, {}, { out: "/tmp" });
    expect(r.stdout).toBe("done\n");
    expect(r.bound.env).toEqual({ AZUREML_OUTPUT_out: "/tmp" });
  });

  it("refuses a placeholder the component does not declare", () => {
    expect(() => bindCommand("echo ${{inputs.missing}}", { inputs: {}, outputs: {} })).toThrow(CommandBindingError);
  });

  it("refuses an unclosed quote", () => {
    expect(() => bindCommand("echo 'oops", { inputs: {}, outputs: {} })).toThrow(/unclosed single quote/);
  });
});

describe("stripOptionalBlocks", () => {
  it("keeps a block only when its inputs are bound", () => {
    const cmd = "python t.py $[[--lr ${{inputs.lr}}]] $[[--seed ${{inputs.seed}}]]";
    expect(stripOptionalBlocks(cmd, (n) => n === "lr")).toBe("python t.py --lr ${{inputs.lr}} ");
  });
});
