// The built-in honest validator as a bot file: what the sandbox costs a bot that does real work.
import honestValidator from "../../bots/strategies/honest-validator.ts";

export default honestValidator;
