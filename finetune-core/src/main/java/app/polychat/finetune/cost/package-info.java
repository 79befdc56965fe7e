/**
 * Cost estimates before money is spent: training (tokens × epochs × price), teacher generation, S3
 * storage, provisioned throughput and on-demand inference, from a dated {@link
 * app.polychat.finetune.cost.PriceTable} that users can override, and a {@link
 * app.polychat.finetune.cost.BudgetGuard} that refuses a job whose estimate is over budget. Every
 * figure is labelled an estimate and names the date of its prices.
 *
 * <pre>{@code
 * CostEstimator costs = CostEstimator.of(PriceTable.load(Path.of("my-prices.json")));
 * CostEstimate estimate = costs.training("nova-pro", 300 * 500, 3);   // ≈ $3.60
 * BudgetGuard.of("10.00").check(estimate);
 * System.out.println(estimate.toText());
 * }</pre>
 */
package app.polychat.finetune.cost;
