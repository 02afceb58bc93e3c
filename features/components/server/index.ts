// The components feature's server surface: what app/api routes, the designer and jobs may use.
export {
  componentCode,
  getComponent,
  getComponentVersion,
  listComponents,
  listComponentSummaries,
  registerComponent,
  setComponentArchived,
} from "./components";
export {
  archiveComponentBody,
  codeFileQuery,
  componentParams,
  componentVersionParams,
  listComponentsQuery,
  registerComponentBody,
} from "./schemas";
