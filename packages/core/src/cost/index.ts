export { DEFAULT_MODEL_PRICES, type TModelPrice } from "./default-prices";
export {
  computeCost,
  createPriceResolver,
  resolveModelPrice,
  isValidPattern,
  type TCostBreakdown,
  type TTokenUsage,
} from "./compute-cost";
