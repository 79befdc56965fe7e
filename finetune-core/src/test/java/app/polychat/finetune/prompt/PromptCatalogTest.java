package app.polychat.finetune.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.source.GenerationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptCatalogTest {
  static final Path STRUDEL = Path.of("..", "configs", "strudel-prompts.json");

  static PromptCatalog mini() {
    return PromptCatalog.load(
        PromptCatalogTest.class.getResourceAsStream("/prompts/mini.json"), "mini.json");
  }

  @Test
  void invalidJson_namesTheLineAndColumn() {
    String json = "{\n  \"baseSystemPrompt\": \"x\",\n  \"styleGuides\": {\"a\": \"b\",}\n}";
    assertThatThrownBy(() -> PromptCatalog.parse(json, "my-prompts.json"))
        .isInstanceOf(PromptConfigException.class)
        .hasMessageStartingWith(
            "prompt config my-prompts.json is not valid JSON at line 3, column ")
        .hasMessageContaining("fix the file there")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shippedStrudelConfig_hasSixStylesThreeComplexitiesAndFiveTemplatesEach() {
    PromptCatalog catalog = PromptCatalog.load(STRUDEL);
    assertThat(catalog.styles())
        .containsExactly("techno", "house", "ambient", "jazz", "drums", "experimental");
    assertThat(catalog.complexities()).containsExactly("simple", "medium", "complex");
    catalog
        .styles()
        .forEach(style -> assertThat(catalog.templates(style)).hasSizeGreaterThanOrEqualTo(5));
    assertThat(catalog.baseSystemPrompt())
        .contains("setcps")
        .contains("stack(")
        .hasSizeGreaterThan(2000);
  }

  @Test
  void plan_of300CyclesEighteenCombinationsEvenly() {
    PromptPlan plan = PromptCatalog.load(STRUDEL).plan(300, List.of(), List.of(), 0);
    assertThat(plan.requests()).hasSize(300);
    Map<String, Long> perCombination =
        plan.requests().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.style() + "/" + r.complexity(), Collectors.counting()));
    assertThat(perCombination).hasSize(18);
    assertThat(perCombination.values()).allSatisfy(n -> assertThat(n).isBetween(16L, 17L));
    assertThat(plan.requests().stream().map(GenerationRequest::id).distinct()).hasSize(300);
  }

  @Test
  void systemPrompt_isBasePlusStyleAndComplexitySections() {
    assertThat(mini().systemPrompt("haiku", "ornate"))
        .isEqualTo(
            "You write tiny poems.\n\nSTYLE: haiku\nThree lines, 5-7-5.\n\nCOMPLEXITY: ornate\nRich imagery.");
  }

  @Test
  void plan_variesTemplatesAcrossComplexitiesAndRounds() {
    List<GenerationRequest> haiku = mini().plan(12, List.of("haiku"), List.of(), 0).requests();
    assertThat(haiku.get(0).prompt()).isNotEqualTo(haiku.get(1).prompt());
    Set<String> prompts = new HashSet<>();
    haiku.forEach(r -> prompts.add(r.prompt()));
    assertThat(prompts)
        .containsExactlyInAnyOrder(
            "A haiku about rain", "A haiku about code", "A haiku about trains");
  }

  @Test
  void plan_idsAreStableAndALargerCountExtendsTheSamePlan() {
    PromptPlan small = mini().plan(10, List.of(), List.of(), 0);
    PromptPlan large = mini().plan(25, List.of(), List.of(), 0);
    assertThat(large.requests().subList(0, 10)).isEqualTo(small.requests());
    assertThat(large.planHash()).isEqualTo(small.planHash());
    assertThat(mini().plan(10, List.of("haiku"), List.of(), 0).planHash())
        .isNotEqualTo(small.planHash());
    assertThat(large.requests().stream().map(GenerationRequest::id).distinct()).hasSize(25);
  }

  @Test
  void plan_rejectsUnknownNamesListingTheValidOnes() {
    assertThatThrownBy(() -> mini().plan(5, List.of("sonnet"), List.of(), 0))
        .isInstanceOf(PromptConfigException.class)
        .hasMessageContaining("unknown style 'sonnet'")
        .hasMessageContaining("valid styles are haiku, limerick");
    assertThatThrownBy(() -> mini().plan(5, List.of(), List.of("medium"), 0))
        .hasMessageContaining("valid complexities are plain, ornate");
  }

  @Test
  void load_explainsMissingOrMalformedConfigs(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> PromptCatalog.load(dir.resolve("none.json")))
        .isInstanceOf(PromptConfigException.class)
        .hasMessageContaining("prompt config not found");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"baseSystemPrompt\": ");
    assertThatThrownBy(() -> PromptCatalog.load(broken)).hasMessageContaining("is not valid JSON");
    Path noGuides =
        Files.writeString(dir.resolve("no-guides.json"), "{\"baseSystemPrompt\":\"x\"}");
    assertThatThrownBy(() -> PromptCatalog.load(noGuides))
        .hasMessageContaining("\"styleGuides\" must be an object");
    Path missingTemplates =
        Files.writeString(
            dir.resolve("t.json"),
            "{\"baseSystemPrompt\":\"x\",\"styleGuides\":{\"a\":\"g\"},\"promptTemplates\":{}}");
    assertThatThrownBy(() -> PromptCatalog.load(missingTemplates))
        .hasMessageContaining("no templates for style 'a'");
  }

  @Test
  void configHash_ignoresFormattingButNotContent(@TempDir Path dir) throws IOException {
    String compact =
        "{\"baseSystemPrompt\":\"x\",\"styleGuides\":{\"a\":\"g\"},\"promptTemplates\":{\"a\":[\"p\"]}}";
    Path one = Files.writeString(dir.resolve("one.json"), compact);
    Path two = Files.writeString(dir.resolve("two.json"), compact.replace(",", ",\n  "));
    Path three = Files.writeString(dir.resolve("three.json"), compact.replace("\"p\"", "\"q\""));
    assertThat(PromptCatalog.load(one).configHash())
        .isEqualTo(PromptCatalog.load(two).configHash());
    assertThat(PromptCatalog.load(one).configHash())
        .isNotEqualTo(PromptCatalog.load(three).configHash());
  }
}
