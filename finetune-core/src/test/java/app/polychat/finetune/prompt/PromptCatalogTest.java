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

  @Test
  void tempo_comesFromTheTemplateElseItsStyle_andJoinsTheIdOnlyWhenSet() {
    String withoutTempo =
        "{\"baseSystemPrompt\":\"b\",\"styleGuides\":{\"techno\":\"t\",\"ambient\":\"a\"},"
            + "\"promptTemplates\":{\"techno\":[\"fast\",\"dark\"],\"ambient\":[\"slow\"]}}";
    String withTempo =
        "{\"baseSystemPrompt\":\"b\",\"styleGuides\":{\"techno\":\"t\",\"ambient\":\"a\"},"
            + "\"styleTempos\":{\"techno\":130},"
            + "\"promptTemplates\":{\"techno\":[{\"prompt\":\"fast\",\"tempo\":140},\"dark\"],"
            + "\"ambient\":[\"slow\"]}}";
    PromptCatalog plain = PromptCatalog.parse(withoutTempo, "plain");
    PromptCatalog tempos = PromptCatalog.parse(withTempo, "tempos");

    assertThat(tempos.templates("techno")).containsExactly("fast", "dark");
    assertThat(tempos.tempo("techno", 0)).isEqualTo(140);
    assertThat(tempos.tempo("techno", 1)).isEqualTo(130);
    assertThat(tempos.tempo("ambient", 0)).isNull();
    var planned = tempos.plan(4, java.util.List.of(), java.util.List.of(), 0).requests();
    assertThat(planned)
        .extracting(r -> r.style() + ":" + r.prompt() + ":" + r.tempo())
        .containsExactly(
            "techno:fast:140", "ambient:slow:null", "techno:dark:130", "ambient:slow:null");
    // a request without a tempo keeps the id it had before tempos existed
    var before = plain.plan(4, java.util.List.of(), java.util.List.of(), 0).requests();
    assertThat(planned.get(1).id()).isEqualTo(before.get(1).id());
    assertThat(planned.get(0).id()).isNotEqualTo(before.get(0).id());
  }

  @Test
  void tempo_thatIsNotAWholeBpm_orNamesAnUnknownStyle_isAConfigErrorNamingTheKey() {
    String base =
        "{\"baseSystemPrompt\":\"b\",\"styleGuides\":{\"techno\":\"t\"},%s"
            + "\"promptTemplates\":{\"techno\":[%s]}}";
    assertThatThrownBy(
            () ->
                PromptCatalog.parse(
                    String.format(base, "", "{\"prompt\":\"x\",\"tempo\":\"fast\"}"), "c"))
        .isInstanceOf(PromptConfigException.class)
        .hasMessageContaining("\"promptTemplates.techno[0]\".tempo must be a whole number");
    assertThatThrownBy(
            () ->
                PromptCatalog.parse(
                    String.format(base, "\"styleTempos\":{\"house\":120},", "\"x\""), "c"))
        .isInstanceOf(PromptConfigException.class)
        .hasMessageContaining("styleTempos names style 'house'");
    assertThatThrownBy(() -> PromptCatalog.parse(String.format(base, "", "{\"tempo\":120}"), "c"))
        .isInstanceOf(PromptConfigException.class)
        .hasMessageContaining(
            "\"promptTemplates.techno[0]\" must be a non-empty string, or an object");
  }
}
