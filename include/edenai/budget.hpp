// The cost guard: a spending cap shared by clients and threads, the estimates it reserves before
// a paid call is sent, and the totals it keeps. docs/budget.md says what it guarantees.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "edenai/export.hpp"

namespace edenai {

namespace internal {
class Charge;
}  // namespace internal

/// Where the estimate of a paid call came from, in the order they are tried.
enum class EstimateSource {
  caller,            ///< `RequestOptions::estimated_cost`
  model_price,       ///< the model's `pricing` from `list_image_models()` (when opted in)
  last_observed,     ///< the cost last reported for the same model, size and quality
  default_estimate,  ///< the budget's default price per image (`Budget::default_estimate()`)
};

/// The name of `source` as written above, e.g. `"model_price"`.
EDENAI_EXPORT const char* to_string(EstimateSource source) noexcept;

/// What a paid call is expected to cost (`Client::estimate_cost`).
struct EDENAI_EXPORT CostEstimate {
  /// USD for the whole call, all of its images.
  double usd = 0;
  /// The images it asks for (`n`, 1 when unset).
  int images = 1;
  /// Where `usd` came from.
  EstimateSource source = EstimateSource::default_estimate;
};

/// What the calls of one model cost, as a Budget accounted them.
struct EDENAI_EXPORT ModelSpending {
  /// Calls accounted: every call that returned images, and every failed call that may have been
  /// billed. A call refused by the budget, or that failed with nothing billable, is not one.
  std::size_t calls = 0;
  /// Images received.
  std::size_t images = 0;
  /// USD spent: the costs the responses reported, plus the estimates kept for what may have been
  /// billed without a reported cost.
  double cost = 0;
  /// The part of `cost` that is estimates, not reported costs.
  double estimated_cost = 0;
  /// Calls whose cost is not (wholly) known: a response without `cost`, a failed call that may
  /// have been billed, or a call whose earlier attempts may have been billed.
  std::size_t unknown_cost_calls = 0;
  /// Attempts accounted at their estimate (each attempt that may have been billed and reported
  /// no cost: a retried call counts each one).
  std::size_t estimated_attempts = 0;
  /// Failed calls that may have been billed (their estimate kept as spent).
  std::size_t possibly_billed_failures = 0;
};

/// A spending cap in USD, shared by any number of clients and threads (set it in
/// `ClientOptions::budget`). Every paid call (generation, edit) reserves its estimate before it
/// is sent and settles with the response's real `cost` afterwards; a call whose reservation
/// would take `spent() + reserved()` beyond `cap()` is refused with BudgetExceededError before
/// anything is sent. Thread-safe; neither copyable nor movable (share it by `std::shared_ptr`).
class EDENAI_EXPORT Budget {
 public:
  /// The default price of one image when nothing better is known: above every per-image list
  /// price we know of at 1024x1024 (gpt-image-1 high quality is $0.167), so that an unknown model
  /// is over-reserved rather than under.
  static constexpr double kDefaultEstimatePerImage = 0.25;

  /// A cap of `cap_usd` dollars (0 refuses every paid call; infinity only counts).
  /// @throws InvalidRequestError for a negative or NaN cap, or a default estimate that is
  ///         negative or not finite.
  explicit Budget(double cap_usd, double default_estimate_per_image = kDefaultEstimatePerImage);
  ~Budget();
  Budget(const Budget&) = delete;
  Budget& operator=(const Budget&) = delete;

  /// The cap, in USD.
  double cap() const noexcept;
  /// USD spent: settled calls' real costs, plus the estimates kept for possibly billed attempts.
  double spent() const;
  /// USD held by calls in flight (their estimates).
  double reserved() const;
  /// `cap() - spent() - reserved()`, never below 0.
  double remaining() const;
  /// What each model's calls cost, keyed by model id.
  std::map<std::string, ModelSpending> by_model() const;
  /// The sum of `by_model()`.
  ModelSpending total() const;

  /// The price of one image used when no better estimate is known.
  double default_estimate() const;
  /// Replaces the default price of one image. @throws InvalidRequestError for a negative or
  /// non-finite price.
  void set_default_estimate(double usd_per_image);

  /// The price of one image last reported for `model` at `size` and `quality` (empty strings for
  /// unset ones), if a response of that kind was settled on this budget.
  std::optional<double> observed_price(const std::string& model, const std::string& size,
                                       const std::string& quality) const;

 private:
  friend class internal::Charge;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace edenai
