// The quotas feature's client surface (app/ and later features import only this and server/index.ts).
export { QuotaAdmin } from "./components/QuotaAdmin";
