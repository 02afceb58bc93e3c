// The palette feature's client surface.
export { CommandPalette } from "./components/CommandPalette";
