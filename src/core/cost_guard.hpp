// The cost guard's internals: what a paid operation buys, the estimate of its price, and the
// Charge that holds its reservation on a Budget from before it is sent until it is settled.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "edenai/budget.hpp"
#include "edenai/errors.hpp"
#include "edenai/types.hpp"

namespace edenai::internal {

/// What a paid operation buys (set by the generation and edit operations).
struct Purchase {
  std::string model;
  int images = 1;
  std::string size;               ///< empty when unset
  std::string quality;            ///< empty when unset
  const char* call = "generate";  ///< for messages
};

/// The price of one image of `purchase` from a model's `pricing` object (docs/budget.md):
/// `per_image_low` for quality `low`, `per_image_high` for `high` or `hd`, else `per_image`
/// (also when the quality's own key is missing); std::nullopt when none is a finite number >= 0.
std::optional<double> price_from_pricing(const nlohmann::json& pricing, const std::string& quality);

/// How many times one 1024x1024 image's price a `size` of `WxH` costs: its megapixels over one,
/// never below 1 (providers price larger images higher; smaller ones are not cheaper). 1 for
/// `auto`, aspect ratios and anything unparsable.
double size_factor(const std::string& size);

/// One paid call's hold on a Budget. Reserved at construction; extended by one estimate before
/// each attempt that follows one that may have been billed; settled once with the outcome. Used
/// by one thread at a time (the caller's, then the I/O thread's).
class Charge {
 public:
  /// Reserves `estimate.usd`. @throws BudgetExceededError when it does not fit.
  Charge(std::shared_ptr<Budget> budget, Purchase purchase, CostEstimate estimate);
  /// A charge never settled (an exception that is not an edenai::Error) keeps its reservations
  /// as spent: what happened to the request is unknown, and the guard never under-counts.
  ~Charge();
  Charge(const Charge&) = delete;
  Charge& operator=(const Charge&) = delete;

  /// Reserves one more estimate for another attempt; false when it does not fit (the caller then
  /// makes no further attempt).
  bool extend();
  /// A call that returned `response` after `billable_attempts` possibly billed attempts (the
  /// answered one included): its reported cost, plus the estimate of each earlier one, is spent.
  void settle(const ImageResponse& response, int billable_attempts);
  /// A call that failed with `error`: the estimate of each of its `billable_attempts()` is kept
  /// as spent, the rest released. Returns the USD kept.
  double settle(const Error& error);

  /// A call that ended before anything was sent (refused after its reservation was made): every
  /// reservation released, nothing counted.
  void release();

  const CostEstimate& estimate() const noexcept { return estimate_; }
  const Purchase& purchase() const noexcept { return purchase_; }
  double remaining() const;

 private:
  void finish(double spent, double estimated, bool counted, std::size_t images,
              std::size_t estimated_attempts, bool unknown, bool failed);

  std::shared_ptr<Budget> budget_;
  Purchase purchase_;
  CostEstimate estimate_;
  int reserved_ = 0;  // estimates held
  bool settled_ = false;
};

}  // namespace edenai::internal
