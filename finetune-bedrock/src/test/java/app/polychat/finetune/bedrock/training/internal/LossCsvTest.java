package app.polychat.finetune.bedrock.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossCsvTest {
  private static Map<Integer, LossCsv.StepLoss> read(String text, String column)
      throws IOException {
    return LossCsv.read(new BufferedReader(new StringReader(text)), column, "test.csv");
  }

  @Test
  void read_findsColumnsByNameInAnyOrderWithSpacesAndBom() throws IOException {
    Map<Integer, LossCsv.StepLoss> steps =
        read(
            "\uFEFFperplexity, training_loss ,epoch_number,step_number\n"
                + "2.0,0.4,0,7\n2.0,0.6,0,7\n",
            LossCsv.TRAINING_LOSS);
    assertThat(steps).containsOnlyKeys(7);
    assertThat(steps.get(7).loss()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void read_skipsBlankAndUnreadableRowsInsteadOfFailing() throws IOException {
    Map<Integer, LossCsv.StepLoss> steps =
        read(
            "step_number,epoch_number,training_loss\n\n1,0,nan\n1,0,\n2,0,0.25\nx,0,1\n2,0,\"0.75\"\n",
            LossCsv.TRAINING_LOSS);
    assertThat(steps).containsOnlyKeys(2);
    assertThat(steps.get(2).loss()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void read_emptyFileHasNoSteps() throws IOException {
    assertThat(read("", LossCsv.TRAINING_LOSS)).isEmpty();
    assertThat(read("step_number,training_loss\n", LossCsv.TRAINING_LOSS)).isEmpty();
  }

  @Test
  void read_withoutStepColumnNamesFileAndColumns() {
    assertThatThrownBy(() -> read("epoch,training_loss\n1,0.5\n", LossCsv.TRAINING_LOSS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "test.csv has no 'step_number' column (its columns are [epoch, training_loss])");
  }

  @Test
  void merge_joinsStepsOfBothFilesInOrder() throws IOException {
    var training =
        read("step_number,epoch_number,training_loss\n1,0,1.0\n3,1,0.5\n", "training_loss");
    var validation =
        read("step_number,epoch_number,validation_loss\n2,0,0.9\n3,1,0.6\n", "validation_loss");
    assertThat(LossCsv.merge(training, validation))
        .extracting(p -> p.step() + ":" + p.trainingLoss() + "/" + p.validationLoss())
        .containsExactly("1:1.0/null", "2:null/0.9", "3:0.5/0.6");
  }
}
