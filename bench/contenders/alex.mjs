// alex 11: text() per unit; a finding is one VFile message.
import { text } from "alex";
import { run } from "./common.mjs";

run("alex", (value) => text(value).messages.length);
