// The environments feature's server surface: what app/api routes and other features may use.
export {
  createEnvironmentBody,
  createEnvironmentVersion,
  environmentBuild,
  environmentContext,
  environmentParams,
  environmentVersionParams,
  getEnvironmentVersion,
  listEnvironmentVersionPage,
  readEnvironmentHistory,
  listEnvironments,
  listEnvironmentsQuery,
  listEnvironmentVersions,
  updateEnvironmentVersion,
  updateEnvironmentVersionBody,
} from "./environments";
