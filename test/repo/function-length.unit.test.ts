// Functions in shared/ stay under 60 lines (the project's standard): measured from each function's first line to
// its last, declarations, arrow functions and methods alike, with the swc parser the cycle check uses.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSync } from "@swc/core";
import { describe, expect, it } from "vitest";

const MAX_LINES = 59;
const FUNCTION_NODES = new Set([
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "ClassMethod",
  "PrivateMethod",
  "Constructor",
  "MethodProperty",
]);

type Node = { type?: string; span?: { start: number; end: number } };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Each function's length in lines, with the line it starts on. */
function functionLengths(source: string): { line: number; lines: number }[] {
  const bytes = Buffer.from(source);
  // swc spans are 1-based byte offsets into this file's source.
  const lineAt = (offset: number) =>
    bytes
      .subarray(0, offset - 1)
      .toString()
      .split("\n").length;
  const found: { line: number; lines: number }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const node = value as Node;
    if (node.type && FUNCTION_NODES.has(node.type) && node.span) {
      const line = lineAt(node.span.start);
      found.push({ line, lines: lineAt(node.span.end - 1) - line + 1 });
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(parseSync(source, { syntax: "typescript" }).body);
  return found;
}

describe("function length", () => {
  it("measures from a function's first line to its last", () => {
    const source = "// one\nexport function f() {\n  return 1;\n}\nconst g = () =>\n  2;\n";
    expect(functionLengths(source)).toEqual([
      { line: 2, lines: 3 },
      { line: 5, lines: 2 },
    ]);
  });

  it(`keeps every function in shared/ under ${MAX_LINES + 1} lines`, () => {
    const all = sourceFiles("shared").flatMap((file) =>
      functionLengths(readFileSync(file, "utf8")).map((f) => ({ at: `${file}:${f.line}`, lines: f.lines })),
    );
    const longest = all.reduce((a, b) => (b.lines > a.lines ? b : a));
    console.log(`longest function in shared/: ${longest.lines} lines at ${longest.at}`);
    expect(all.filter((f) => f.lines > MAX_LINES)).toEqual([]);
  });
});
