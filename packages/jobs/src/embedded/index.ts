export { EmbeddedExecutor, type TExecutorOptions, type TEventInput } from "./executor";
export { VirtualClock, realClock, type Clock } from "./clock";
export { signBody, hashSigningKey } from "./signing";
export { readJobsEnv, jobsServerKind } from "../env";
