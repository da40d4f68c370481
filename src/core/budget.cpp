// The Budget (edenai/budget.hpp) and the Charges that reserve on it and settle with it.
#include "edenai/budget.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>

#include "core/cost_guard.hpp"
#include "edenai/errors.hpp"

namespace edenai {
namespace {

void require_price(double usd, const char* what) {
  if (!std::isfinite(usd) || usd < 0) {
    throw InvalidRequestError(std::string(what) + " must be a finite number of USD, 0 or more");
  }
}

std::string observed_key(const std::string& model, const std::string& size,
                         const std::string& quality) {
  return model + '\n' + size + '\n' + quality;
}

std::string usd(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "$%.6g", value);
  return text;
}

}  // namespace

const char* to_string(EstimateSource source) noexcept {
  switch (source) {
    case EstimateSource::caller:
      return "caller";
    case EstimateSource::model_price:
      return "model_price";
    case EstimateSource::last_observed:
      return "last_observed";
    case EstimateSource::default_estimate:
      break;
  }
  return "default_estimate";
}

struct Budget::State {
  mutable std::mutex mutex;
  double cap = 0;
  double spent = 0;
  double reserved = 0;
  double default_estimate = kDefaultEstimatePerImage;
  std::map<std::string, ModelSpending> models;
  std::map<std::string, double> observed;  // observed_key -> USD per image
};

Budget::Budget(double cap_usd, double default_estimate_per_image)
    : state_(std::make_unique<State>()) {
  if (std::isnan(cap_usd) || cap_usd < 0) {
    throw InvalidRequestError("a budget's cap must be 0 or more USD (infinity: no cap)");
  }
  require_price(default_estimate_per_image, "a budget's default estimate");
  state_->cap = cap_usd;
  state_->default_estimate = default_estimate_per_image;
}

Budget::~Budget() = default;

double Budget::cap() const noexcept {
  return state_->cap;
}

double Budget::spent() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->spent;
}

double Budget::reserved() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->reserved;
}

double Budget::remaining() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return std::max(0.0, state_->cap - state_->spent - state_->reserved);
}

std::map<std::string, ModelSpending> Budget::by_model() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->models;
}

ModelSpending Budget::total() const {
  ModelSpending sum;
  for (const auto& [model, spending] : by_model()) {
    sum.calls += spending.calls;
    sum.images += spending.images;
    sum.cost += spending.cost;
    sum.estimated_cost += spending.estimated_cost;
    sum.unknown_cost_calls += spending.unknown_cost_calls;
    sum.estimated_attempts += spending.estimated_attempts;
    sum.possibly_billed_failures += spending.possibly_billed_failures;
  }
  return sum;
}

double Budget::default_estimate() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->default_estimate;
}

void Budget::set_default_estimate(double usd_per_image) {
  require_price(usd_per_image, "a budget's default estimate");
  const std::lock_guard<std::mutex> lock(state_->mutex);
  state_->default_estimate = usd_per_image;
}

std::optional<double> Budget::observed_price(const std::string& model, const std::string& size,
                                             const std::string& quality) const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  const auto found = state_->observed.find(observed_key(model, size, quality));
  if (found == state_->observed.end()) return std::nullopt;
  return found->second;
}

namespace internal {

Charge::Charge(std::shared_ptr<Budget> budget, Purchase purchase, CostEstimate estimate)
    : budget_(std::move(budget)), purchase_(std::move(purchase)), estimate_(estimate) {
  if (!extend()) {
    const double left = remaining();
    throw BudgetExceededError(
        std::string(purchase_.call) + " refused before sending: its estimate " +
            usd(estimate_.usd) + " (" + to_string(estimate_.source) +
            ") exceeds what the budget has left, " + usd(left) + " of " + usd(budget_->cap()),
        estimate_.usd, left, budget_->cap());
  }
}

Charge::~Charge() {
  if (settled_) return;
  const double held = reserved_ * estimate_.usd;
  finish(held, held, true, 0, static_cast<std::size_t>(reserved_), true, true);
}

bool Charge::extend() {
  Budget::State& state = *budget_->state_;
  const std::lock_guard<std::mutex> lock(state.mutex);
  // Compared as a sum, so that a cap of exactly the estimates admits them.
  if (state.spent + state.reserved + estimate_.usd > state.cap * (1 + 1e-12)) return false;
  state.reserved += estimate_.usd;
  ++reserved_;
  return true;
}

void Charge::release() {
  finish(0, 0, false, 0, 0, false, false);
}

double Charge::remaining() const {
  return budget_->remaining();
}

void Charge::settle(const ImageResponse& response, int billable_attempts) {
  const int earlier = std::max(0, billable_attempts - 1);
  const double estimated = earlier * estimate_.usd;
  const std::size_t images = response.data.size();
  if (response.cost && std::isfinite(*response.cost) && *response.cost >= 0) {
    const double cost = *response.cost;
    {
      Budget::State& state = *budget_->state_;
      const std::lock_guard<std::mutex> lock(state.mutex);
      const int count = images > 0 ? static_cast<int>(images) : std::max(1, purchase_.images);
      state.observed[observed_key(purchase_.model, purchase_.size, purchase_.quality)] =
          cost / count;
    }
    finish(cost + estimated, estimated, true, images, static_cast<std::size_t>(earlier),
           earlier > 0, false);
  } else {  // no cost reported: the answered attempt is accounted at its estimate too
    finish(estimated + estimate_.usd, estimated + estimate_.usd, true, images,
           static_cast<std::size_t>(earlier) + 1, true, false);
  }
}

double Charge::settle(const Error& error) {
  const int billable = std::max(0, error.billable_attempts());
  const double kept = billable * estimate_.usd;
  finish(kept, kept, billable > 0, 0, static_cast<std::size_t>(billable), billable > 0,
         billable > 0);
  return kept;
}

void Charge::finish(double spent, double estimated, bool counted, std::size_t images,
                    std::size_t estimated_attempts, bool unknown, bool failed) {
  settled_ = true;
  Budget::State& state = *budget_->state_;
  const std::lock_guard<std::mutex> lock(state.mutex);
  state.reserved = std::max(0.0, state.reserved - reserved_ * estimate_.usd);
  if (state.reserved < 1e-12) state.reserved = 0;  // no rounding dust once nothing is held
  reserved_ = 0;
  state.spent += spent;
  if (!counted) return;
  ModelSpending& model = state.models[purchase_.model];
  ++model.calls;
  model.images += images;
  model.cost += spent;
  model.estimated_cost += estimated;
  model.estimated_attempts += estimated_attempts;
  if (unknown) ++model.unknown_cost_calls;
  if (failed) ++model.possibly_billed_failures;
}

std::optional<double> price_from_pricing(const nlohmann::json& pricing,
                                         const std::string& quality) {
  if (!pricing.is_object()) return std::nullopt;
  const auto number = [&](const char* key) -> std::optional<double> {
    const auto found = pricing.find(key);
    if (found == pricing.end() || !found->is_number()) return std::nullopt;
    const double value = found->get<double>();
    if (!std::isfinite(value) || value < 0) return std::nullopt;
    return value;
  };
  std::string q = quality;
  std::transform(q.begin(), q.end(), q.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::optional<double> own;
  if (q == "low") own = number("per_image_low");
  if (q == "high" || q == "hd") own = number("per_image_high");
  return own ? own : number("per_image");
}

double size_factor(const std::string& size) {
  const auto x = size.find('x');
  if (x == std::string::npos || x == 0 || x + 1 >= size.size()) return 1;
  double sides[2] = {0, 0};
  const std::string parts[2] = {size.substr(0, x), size.substr(x + 1)};
  for (int i = 0; i < 2; ++i) {
    if (parts[i].size() > 5 || !std::all_of(parts[i].begin(), parts[i].end(),
                                            [](char c) { return c >= '0' && c <= '9'; })) {
      return 1;
    }
    sides[i] = std::stod(parts[i]);
  }
  return std::max(1.0, sides[0] * sides[1] / (1024.0 * 1024.0));
}

}  // namespace internal
}  // namespace edenai
