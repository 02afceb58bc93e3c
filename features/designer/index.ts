// The designer's client surface (app/ and later features import only this and server/index.ts).
export { DesignerPage } from "./components/DesignerPage";
