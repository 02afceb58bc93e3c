// The models feature's client surface.
export { ModelList } from "./components/ModelList";
export { ModelDetail } from "./components/ModelDetail";
