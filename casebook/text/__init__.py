"""Words the learner reads: French typography, labels of references, and the message catalogues."""
