export { DEFAULT_MODEL_PRICES, type TModelPrice } from "./default-prices";
export {
  computeCost,
  createPriceResolver,
  resolveModelPrice,
  matchPatternProblem,
  type TCostBreakdown,
  type TTokenUsage,
} from "./compute-cost";
