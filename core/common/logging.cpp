#include "logging.h"

Q_LOGGING_CATEGORY(lcWorkspace, "gatehouse.core.workspace")
Q_LOGGING_CATEGORY(lcModel, "gatehouse.core.model")
Q_LOGGING_CATEGORY(lcValidation, "gatehouse.core.validation")
Q_LOGGING_CATEGORY(lcTls, "gatehouse.core.tls")
Q_LOGGING_CATEGORY(lcCluster, "gatehouse.core.cluster")
Q_LOGGING_CATEGORY(lcController, "gatehouse.core.controller")
