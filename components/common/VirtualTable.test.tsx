import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { VirtualCell, VirtualTable, minRowWidth, useVirtualRows } from "./VirtualTable";

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
    const rendered = html.match(/data-testid="row-/g)?.length ?? 0;
    expect(rendered).toBeGreaterThan(10); // the first screen (600 px of 44 px rows) and the overscan
    expect(rendered).toBeLessThan(40);
    expect(html).toContain('aria-rowcount="10001"'); // the rows and the header
    expect(html).toContain('data-testid="row-thing-0"');
    expect(html).not.toContain("thing-9999");
    expect(html).toContain('role="columnheader">Size<');
  });

  it("gives each row its cells in the columns' order, with its index counted after the header's row 1", () => {
    const html = renderToString(<Rows rows={many(3)} />);
    expect(html.match(/role="row" aria-rowindex="/g)).toHaveLength(4);
    expect(html).toMatch(/role="row" aria-rowindex="1"[^>]*>.*?role="columnheader">Name</);
    expect(html).toMatch(/aria-rowindex="3"[^>]*>.*?role="cell"[^>]*>thing-1<.*?role="cell"[^>]*>1</);
    expect(html).not.toContain("Nothing here.");
  });

  it("says so when there are no rows", () => {
    expect(renderToString(<Rows rows={[]} />)).toContain("Nothing here.");
  });

  it("keeps the header and the rows at least as wide as the columns' minimums, so narrow windows scroll sideways", () => {
    const columns = [
      { header: "Name", width: "minmax(200px, 2fr)" },
      { header: "Type", width: "90px" },
      { header: "Tags", width: "1fr" },
    ];
    // 200 + 90 + 0, two gaps of 12 and 12 of padding at each end.
    expect(minRowWidth(columns)).toBe(338);
    const html = renderToString(<Rows rows={many(3)} />);
    // Name (1fr) has no minimum: 80 + one gap + both ends.
    expect(html.match(/min-width:116px/g)).toHaveLength(2);
  });
});
