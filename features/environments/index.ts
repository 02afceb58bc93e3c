// The environments feature's client surface.
export { EnvironmentList } from "./components/EnvironmentList";
export { EnvironmentDetail } from "./components/EnvironmentDetail";
