"""Code systems and codes the FHIR API reads and writes (UK Core, SNOMED CT, HL7)."""

SNOMED = "http://snomed.info/sct"
NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code"
# Navigator's own referral references, as an identifier system of this deployment.
NAVIGATOR_REFERENCE = "https://navigator.nhs.uk/Id/referral-reference"

REFERRAL_TO_SOCIAL_PRESCRIBING = "871731000000106"
REFERRAL_TO_SOCIAL_PRESCRIBING_DISPLAY = "Referral to social prescribing service"

LOINC = "http://loinc.org"
TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
