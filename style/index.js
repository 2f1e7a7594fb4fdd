import './base.css';
import './findings.css';
import './fixes.css';
import './extract.css';
import './sharing.css';
import './checklist.css';
