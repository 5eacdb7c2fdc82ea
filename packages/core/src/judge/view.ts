// The browser's share of the judge module: rubric anchors and the agreement views the calibration
// pages draw. Nothing here reaches the statistics (and @stdlib, whose global-object probe trips
// the Content Security Policy's script-src), so the web imports `@yardstick/core/judge-view`.
export { DEFAULT_ANCHORS } from "./rubric";
export {
  confusionView,
  judgeBias,
  scoreDistribution,
  type TConfusionView,
  type TScoreDistribution,
} from "./agreement-view";
