"use client";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@fluentui/react-components";

const SHORTCUTS: [string, string][] = [
  ["Ctrl+K or ⌘K", "Open the command palette"],
  ["?", "This list of shortcuts"],
  ["↑ ↓, Enter", "In the palette: move between results, open one"],
  ["Esc", "Close a dialog or the palette"],
];

/** The list of keyboard shortcuts (`?`). */
export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={(_, d) => onOpenChange(d.open)}>
      <DialogSurface aria-label="Keyboard shortcuts">
        <DialogBody>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogContent>
            <Table size="small" aria-label="Keyboard shortcuts">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Keys</TableHeaderCell>
                  <TableHeaderCell>What they do</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {SHORTCUTS.map(([keys, what]) => (
                  <TableRow key={keys}>
                    <TableCell>
                      <kbd>{keys}</kbd>
                    </TableCell>
                    <TableCell>{what}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </DialogContent>
          {/* Something to focus inside: a modal with nothing focusable left Tabster treating the surface itself
              as outside it, hidden from screen readers (aria-hidden on the open dialog). */}
          <DialogActions>
            <DialogTrigger disableButtonEnhancement action="close">
              <Button appearance="primary">Close</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
