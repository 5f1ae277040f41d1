package dev.portcullis.application.health.port.out;

import dev.portcullis.application.health.port.in.FeatureState;
import java.util.List;

/** The optional features of this deployment and their current state. */
public interface FeatureCatalog {
  List<FeatureState> features();
}
