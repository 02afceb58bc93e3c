import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { VirtualCell, VirtualTable, useVirtualRows } from "./VirtualTable";

type Row = { name: string; size: number };

function Rows({ rows }: { rows: Row[] }) {
  const virtual = useVirtualRows(rows.length);
  return (
    <VirtualTable
      label="Things"
      columns={[
        { header: "Name", width: "1fr" },
        { header: "Size", width: "80px" },
      ]}
      rows={rows}
      virtual={virtual}
      rowKey={(r) => r.name}
      rowTestId={(r) => `row-${r.name}`}
      empty="Nothing here."
      renderCells={(r) => (
        <>
          <VirtualCell>{r.name}</VirtualCell>
          <VirtualCell>{r.size}</VirtualCell>
        </>
      )}
    />
  );
}

const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `thing-${i}`, size: i }));

describe("VirtualTable", () => {
  it("renders only the first screen of a 10,000-row list, and says how many rows the table has", () => {
    const html = renderToString(<Rows rows={many(10_000)} />);
    const rendered = html.match(/role="row" aria-rowindex="/g)?.length ?? 0;
    expect(rendered).toBeGreaterThan(10); // the first screen (600 px of 44 px rows) and the overscan
    expect(rendered).toBeLessThan(40);
    expect(html).toContain('aria-rowcount="10000"');
    expect(html).toContain('data-testid="row-thing-0"');
    expect(html).not.toContain("thing-9999");
    expect(html).toContain('role="columnheader">Size<');
  });

  it("gives each row its cells in the columns' order, with its 1-based index", () => {
    const html = renderToString(<Rows rows={many(3)} />);
    expect(html.match(/role="row" aria-rowindex="/g)).toHaveLength(3);
    expect(html).toMatch(/aria-rowindex="2"[^>]*>.*?role="cell"[^>]*>thing-1<.*?role="cell"[^>]*>1</);
    expect(html).not.toContain("Nothing here.");
  });

  it("says so when there are no rows", () => {
    expect(renderToString(<Rows rows={[]} />)).toContain("Nothing here.");
  });
});
