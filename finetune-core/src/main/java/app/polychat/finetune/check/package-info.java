/**
 * Answer checks and scorers: an {@link app.polychat.finetune.check.AnswerCheck} decides whether an
 * answer is valid for its use case (for Strudel, by running it in the real engine), and runs in
 * generation (a failed answer is dropped with the check's reason and the teacher asked again), over
 * an existing dataset, and over model answers; a {@link app.polychat.finetune.check.Scorer} grades
 * answers for the model comparison.
 *
 * <pre>{@code
 * try (AnswerChecks checks = AnswerChecks.of(List.of(myCheck))) {
 *   ValiditySummary.Tally tally = new ValiditySummary.Tally();
 *   answers.forEach(a -> tally.add("answer", checks.check(a)));
 *   System.out.println(tally.summary().rateText());   // 52/54 valid (96.3%)
 * }
 * }</pre>
 */
package app.polychat.finetune.check;
